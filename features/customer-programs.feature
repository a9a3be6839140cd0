@uc:customer-programs
Feature: Change of customer program (IEC 61968-9 clause 5.4, use cases EDC-04 and EDC-03)
  A customer moves to a new program (a new time-of-use tariff): the meter is reprogrammed. Without an MDM (EDC-04)
  the CIS asks the head-end directly with create(EndDeviceControls): one EndDeviceControl naming the meter, whose
  EndDeviceControlType is a reprogramming command (CIM9-180: 3.20.121.13 ElectricMeter.Billing.TOU.Change by default),
  with an issuerID and issuerTrackingID. The suite plays the CIS and the subscriber of the head-end's events
  (<listener>/mdm/events, CIM9-182). Having accepted the command, the head-end tells created(EndDeviceEvents) with an
  event of that meter confirming its new configuration: 3.7.0.24 configuration changed, or any event of domain 7
  Configuration or 20 Billing (CIM9-181), dated after the command and, when it carries one, with the command's
  issuerTrackingID.
  Through the MDM (EDC-03) the CIS tells the MDM the new program with change(UsagePointConfig): the usage point names
  it as its PricingStructures (CIM9-184). The MDM has its head-end reprogram the meter: the suite plays that head-end
  at <listener>/hes (pics.MDM.sends) and checks that the MDM's request is create(EndDeviceControls) with a
  reprogramming command (domain 7 or 20, action 13 Change) for the meter of the usage point (CIM9-183); it answers it,
  then tells the MDM the meter's configuration changed (created(EndDeviceEvents) 3.7.0.24), which the MDM acknowledges.

  @usecase:EDC-04 @pattern:P2 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-04.1
  Scenario: The CIS changes the customer program of a meter at the head-end and the meter reports its new configuration
    Given a meter installed at a usage point
    When the CIS asks the head-end to reprogram the meter for a new customer program
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS waits for the meter's configuration-changed event
    Then every configuration event message is valid against its schemas and conformant
    And the meter reports its configuration changed after the command

  @usecase:EDC-03 @pattern:P6 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @req:EDC-03.1 @cap:relay
  Scenario: The CIS changes the customer program of a usage point and the MDM has its head-end reprogram the meter
    Given a meter installed at a usage point
    When the CIS changes the customer program of the meter's usage point at the MDM, the suite playing its head-end
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM asks the head-end to reprogram the meter
    When the head-end tells the MDM the meter's configuration changed
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
